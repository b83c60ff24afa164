/** JMH benchmark of scope classification; run the class's main method. */
package org.netreeve.net.scope.bench;
