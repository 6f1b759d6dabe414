package com.outreachpilot.gateway;

import com.outreachpilot.platform.testing.ServiceLayout;

class GatewayLayoutTest extends ServiceLayout {

    GatewayLayoutTest() {
        super("com.outreachpilot.gateway");
    }
}
