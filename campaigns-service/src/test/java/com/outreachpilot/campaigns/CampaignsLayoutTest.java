package com.outreachpilot.campaigns;

import com.outreachpilot.platform.testing.ServiceLayout;

class CampaignsLayoutTest extends ServiceLayout {

    CampaignsLayoutTest() {
        super("com.outreachpilot.campaigns");
    }
}
