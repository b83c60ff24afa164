/**
 * Matching a process to its profile: exact paths, the longest default (folder) profile, framework
 * rewriting through the command line or the parent chain, and the special profiles. The cost of a
 * match does not depend on the number of profiles.
 */
package org.netreeve.profiles.match;
