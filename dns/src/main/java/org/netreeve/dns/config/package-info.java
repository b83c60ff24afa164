/** The {@code dns:} section of the configuration: its typed form with defaults, and the parser with key-naming errors. */
package org.netreeve.dns.config;
