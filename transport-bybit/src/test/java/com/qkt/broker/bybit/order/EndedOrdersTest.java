package com.qkt.broker.bybit.order;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndedOrdersTest
{
    @Test
    void remembersTheLastCapacityOrdersAndForgetsTheOldestFirst()
    {
        final EndedOrders ended = new EndedOrders(3);
        assertFalse(ended.contains(1));
        ended.add(1);
        ended.add(2);
        ended.add(3);
        assertTrue(ended.contains(1) && ended.contains(2) && ended.contains(3));
        ended.add(4);
        assertFalse(ended.contains(1));
        assertTrue(ended.contains(2) && ended.contains(3) && ended.contains(4));
        for (long id = 5; id < 1_000; id++)
        {
            ended.add(id);
        }
        assertFalse(ended.contains(996));
        assertTrue(ended.contains(997) && ended.contains(999));
    }
}
