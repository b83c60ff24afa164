/** The decision cache: verdicts already made, owned by one policy snapshot so a reload never serves a stale one. */
package org.netreeve.engine.cache;
