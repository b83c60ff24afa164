/**
 * Changes and deletes conntrack entries over netlink (ctnetlink), so that connections whose saved
 * verdict is no longer right are queued to user space again.
 */
package org.netreeve.interception.conntrack;
