"""Reading files: the one CSV reader, and the publishers' download formats (UN Comtrade, WITS, IMF) mapped to claims."""
