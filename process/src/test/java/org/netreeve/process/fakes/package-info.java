/** Test stand-ins for the machine: a clock tests move by hand and a fake /proc tree on disk. */
package org.netreeve.process.fakes;
