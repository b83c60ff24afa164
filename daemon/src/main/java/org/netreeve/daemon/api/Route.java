package org.netreeve.daemon.api;

/** The handler of one API path; it checks method and token itself and answers through the exchange. */
@FunctionalInterface
interface Route {
  void handle(Exchange x) throws Exception;
}
