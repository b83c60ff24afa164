/**
 * End-to-end test harness: throw-away network namespaces, commands and child JVMs run inside them,
 * and the probe programs the interception tests run there.
 */
package org.netreeve.interception.e2e;
