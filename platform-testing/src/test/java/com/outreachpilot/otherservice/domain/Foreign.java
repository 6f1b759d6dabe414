package com.outreachpilot.otherservice.domain;

public class Foreign {
}
