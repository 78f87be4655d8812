class A(B):
    pass
class B(A):
    pass
