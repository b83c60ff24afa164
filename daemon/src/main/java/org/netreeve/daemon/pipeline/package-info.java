/**
 * A packet's journey, one class per stage: attribute the process, recall the domain, inspect,
 * decide (the engine), mark; and the DNS server's policy, which asks the engine at before-intel
 * and after-intel. The daemon wires them.
 */
package org.netreeve.daemon.pipeline;
