/** The IP → domain memory that tells the connection stages which domain an address was resolved from, per attribution. */
package org.netreeve.dns.memory;
