class A:
    x = """\
