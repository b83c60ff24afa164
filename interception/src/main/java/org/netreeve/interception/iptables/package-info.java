/**
 * Installs, checks and removes the product's iptables and ip6tables chains (C170, C171, C17), their
 * main-chain jumps and nat rules, atomically per address family through iptables-restore.
 */
package org.netreeve.interception.iptables;
