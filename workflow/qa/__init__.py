"""The Q&A intake and its commands: the service citizens post to, the private store of who
asked, the public question files, and the letters to askers (docs/qa.md)."""
