/** The netreeve command and the composition root that wires the modules into a running firewall. */
package org.netreeve.daemon;
