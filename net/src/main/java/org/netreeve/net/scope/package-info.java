/**
 * Network scope of an IP address (localhost, LAN, multicast, broadcast, Internet, invalid), classified
 * without allocation so the packet path can afford it for every new connection.
 */
package org.netreeve.net.scope;
