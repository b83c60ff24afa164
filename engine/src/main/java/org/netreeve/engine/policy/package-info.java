/**
 * A policy: a directory with policy.yaml, profiles and rule files, loaded into an immutable
 * snapshot that is swapped in whole on reload.
 */
package org.netreeve.engine.policy;
