/** Which resolver a name belongs to: the internet upstreams, the local network's resolvers, or Netreeve itself. */
package org.netreeve.dns.routing;
