/**
 * The connection marks that verdicts put on packets and that the filter chain acts on; the one
 * vocabulary shared by the nfqueue client and the installed iptables rules.
 */
package org.netreeve.interception.mark;
