"""The Qt front end: thin widgets over the engine, driven by one controller."""
