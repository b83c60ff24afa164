/**
 * Country, continent and autonomous system of an IP address, from MaxMind .mmdb databases that
 * are checked for corruption before use and answered through a small cache.
 */
package org.netreeve.intel.geo;
