/** Controllable neighbours for unit tests: a settable clock and a small in-process DNS server on loopback. */
package org.netreeve.dns.fakes;
