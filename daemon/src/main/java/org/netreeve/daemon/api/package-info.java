/** The local API (JSON over HTTP on loopback) and the web UI it serves. */
package org.netreeve.daemon.api;
