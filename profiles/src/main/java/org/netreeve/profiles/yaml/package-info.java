/**
 * Loading profiles from a directory of YAML files with strict validation: every error and warning
 * names file, line and column, and all problems of a directory are reported in one run.
 */
package org.netreeve.profiles.yaml;
