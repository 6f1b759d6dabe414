package com.outreachpilot.webhooks;

import com.outreachpilot.platform.testing.ServiceLayout;

class WebhooksLayoutTest extends ServiceLayout {

    WebhooksLayoutTest() {
        super("com.outreachpilot.webhooks");
    }
}
