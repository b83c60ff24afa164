/** JMH benchmarks of profile matching and loading; run a benchmark class's main method. */
package org.netreeve.profiles.bench;
