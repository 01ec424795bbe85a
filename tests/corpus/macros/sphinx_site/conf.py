project = "Activation functions"
extensions = ["sphinx.ext.mathjax"]
mathjax3_config = {
    "tex": {
        "macros": {
            "sigm": [r"\frac{1}{1+e^{-#1}}", 1],
            "relu": r"\operatorname{ReLU}",
        }
    }
}
