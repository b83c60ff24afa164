/**
 * The network vocabulary every module shares: which way a connection goes, its IP protocol, its
 * 5-tuple, and the verdicts with the connection marks that carry them to the kernel.
 */
package org.netreeve.net;
