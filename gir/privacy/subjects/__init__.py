"""The rights of the person in the register (AVG art. 15-21; issue 19 item 5): their
requests with the statutory term, and the art. 15 overview of what GIR holds about them."""
