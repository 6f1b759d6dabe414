package com.outreachpilot.billing;

import com.outreachpilot.platform.testing.ServiceLayout;

class BillingLayoutTest extends ServiceLayout {

    BillingLayoutTest() {
        super("com.outreachpilot.billing");
    }
}
