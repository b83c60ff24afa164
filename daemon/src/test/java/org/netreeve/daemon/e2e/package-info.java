/** End-to-end tests of the running daemon: real programs, real packets, in namespaces the tests create. */
package org.netreeve.daemon.e2e;
