print("psalink")
