/**
 * Intel for decisions: the {@link org.netreeve.intel.Intel} facade that the engine asks once per
 * connection (filter lists, GeoIP/ASN), loaded from {@link org.netreeve.intel.IntelConfig}.
 */
package org.netreeve.intel;
