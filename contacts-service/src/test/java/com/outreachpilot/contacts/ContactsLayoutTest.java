package com.outreachpilot.contacts;

import com.outreachpilot.platform.testing.ServiceLayout;

class ContactsLayoutTest extends ServiceLayout {

    ContactsLayoutTest() {
        super("com.outreachpilot.contacts");
    }
}
