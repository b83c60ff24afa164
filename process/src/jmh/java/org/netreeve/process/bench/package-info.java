/** JMH benchmarks of process attribution: sock_diag alone, warm and cold attribution, scans. */
package org.netreeve.process.bench;
