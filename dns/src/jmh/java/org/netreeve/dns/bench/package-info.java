/** JMH benchmarks of the per-query and per-connection hot paths (run with {@code java -cp ... org.openjdk.jmh.Main}). */
package org.netreeve.dns.bench;
