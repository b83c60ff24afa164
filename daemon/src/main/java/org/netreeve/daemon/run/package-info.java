/**
 * The running firewall: the daemon's configuration, the composition root that wires interception,
 * process attribution, DNS, intel and the engine, and the stages of a packet's journey.
 */
package org.netreeve.daemon.run;
