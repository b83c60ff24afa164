/** JMH benchmarks of endpoint list matching and scope classification; run a class's main method. */
package org.netreeve.intel.endpoints.bench;
