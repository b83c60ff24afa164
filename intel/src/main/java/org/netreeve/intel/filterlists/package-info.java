/**
 * Filter lists (hosts files, domain lists, AdBlock-style domain rules) compiled into a compact
 * hashed structure that answers "which selected lists block this domain, its CNAMEs or this IP".
 */
package org.netreeve.intel.filterlists;
