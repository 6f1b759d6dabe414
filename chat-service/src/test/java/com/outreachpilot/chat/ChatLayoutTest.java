package com.outreachpilot.chat;

import com.outreachpilot.platform.testing.ServiceLayout;

class ChatLayoutTest extends ServiceLayout {

    ChatLayoutTest() {
        super("com.outreachpilot.chat");
    }
}
