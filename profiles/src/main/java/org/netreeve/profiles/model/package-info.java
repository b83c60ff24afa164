/**
 * Application profiles as immutable data: what a profile says about an application (paths, flags,
 * ports, endpoint lists, framework rewriting) and where in its file each part was written.
 */
package org.netreeve.profiles.model;
