/** JMH benchmarks of the intel structures: filter-list load time, heap per domain and lookups per second. */
package org.netreeve.intel.bench;
