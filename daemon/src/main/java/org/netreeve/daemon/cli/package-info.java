/** The netreeve command line: one class per subcommand. */
package org.netreeve.daemon.cli;
