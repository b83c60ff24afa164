/**
 * DNS wire format on the serving side: a strict parser for incoming queries that turns malformed input into
 * FORMERR-or-drop outcomes, and prepared answers that are patched (id, question, TTLs, EDNS) per client.
 */
package org.netreeve.dns.message;
