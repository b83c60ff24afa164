package org.netreeve.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressTextTest {

  private static String text(String a) throws Exception {
    return Engine.text(InetAddress.getByName(a));
  }

  @Test
  void writesAddressesTheWayPeopleDo() throws Exception {
    assertEquals("93.184.216.34", text("93.184.216.34"));
    assertEquals("2a00:1450:4001::10", text("2a00:1450:4001:0:0:0:0:10"));
    assertEquals("::1", text("0:0:0:0:0:0:0:1"));
    assertEquals("::", text("0:0:0:0:0:0:0:0"));
    assertEquals("1::", text("1:0:0:0:0:0:0:0"));
    assertEquals("fd99::2", text("fd99:0:0:0:0:0:0:2"));
    // The longest run of zeros is shortened, the first of equal ones; a single zero is not.
    assertEquals("2001:db8::1:0:0:1", text("2001:db8:0:0:1:0:0:1"));
    assertEquals("2001:db8:0:1:1:1:1:1", text("2001:db8:0:1:1:1:1:1"));
    assertEquals("1.2.3.4", text("::ffff:1.2.3.4"));
    assertNull(Engine.text(null));
  }
}
