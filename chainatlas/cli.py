def main() -> None:
    from chainatlas.graph import model
    print(model.X)
