"""Original French demo content of the training, written for this project and published under CC BY-SA 4.0."""
