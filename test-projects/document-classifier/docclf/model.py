"""The model: TF-IDF over normalised words and word pairs, then a multinomial logistic regression.
It reads a DataFrame with one text column, `text`, already normalised (docclf.text)."""
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline


def pipeline(seed: int) -> Pipeline:
    # Normalised text is already lower case and split by single spaces: the vectorizer must not
    # normalise again, so that serving's normalisation is the only one.
    words = TfidfVectorizer(lowercase=False, token_pattern=r"\S+", ngram_range=(1, 2), min_df=2,
                            sublinear_tf=True)
    return Pipeline([
        ("features", ColumnTransformer([("words", words, "text")])),
        ("classifier", LogisticRegression(C=4.0, max_iter=1000, random_state=seed)),
    ])
