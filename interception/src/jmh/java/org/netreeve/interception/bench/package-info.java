/** JMH benchmarks of the user-space packet path: parsing, dispatch and verdict building. */
package org.netreeve.interception.bench;
