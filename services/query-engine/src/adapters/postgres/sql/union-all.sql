-- union-all: two fragments with the same columns, concatenated. Bindings: :first, :second (fragments).
(:first) UNION ALL (:second)
