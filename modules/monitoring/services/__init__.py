"""Reading and acting on RQ queues, workers and jobs through the app's Redis."""
